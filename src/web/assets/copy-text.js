// A Copy button beside each field of text meant to be copied (a feed's address, an
// invitation). Made here, so that without JavaScript, or without a clipboard, the text is
// simply there to select.
if (navigator.clipboard) {
  for (const source of document.querySelectorAll("[data-copy-source]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-quiet";
    button.textContent = "Copy";
    const label = source.labels?.[0]?.textContent?.trim();
    if (label) button.setAttribute("aria-label", `Copy: ${label}`);
    const status = document.createElement("span");
    status.className = "muted small";
    status.setAttribute("role", "status");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        status.textContent = " Copied.";
      } catch {
        source.select();
        status.textContent = " Selected: copy it with your keyboard.";
      }
    });
    source.after(button, status);
  }
}
