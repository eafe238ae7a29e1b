// While a meeting's video link is being made, asks for it every few seconds and shows it in
// place; without JavaScript the page shows it on the next load.
const holder = document.querySelector("[data-conferencing-status]");
if (holder) {
  const source = holder.getAttribute("data-conferencing-status");
  let delay = 1500;
  const check = async () => {
    const state = holder
      .querySelector("[data-conferencing-state]")
      ?.getAttribute("data-conferencing-state");
    if (state !== "pending") return;
    try {
      const reply = await fetch(source, {
        headers: { accept: "application/json" },
        credentials: "same-origin",
      });
      if (reply.ok) {
        const body = await reply.json();
        if (body.state !== "pending") holder.innerHTML = body.html;
      }
    } catch {
      // A missed answer is asked again.
    }
    delay = Math.min(delay * 1.3, 10000);
    setTimeout(check, delay);
  };
  setTimeout(check, delay);
}
