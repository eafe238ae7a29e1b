// What a person types into a form marked data-keep-draft is kept in this tab (sessionStorage:
// never sent anywhere, gone with the tab), so that a session that ended meanwhile (signed out
// in another tab, expired) costs a sign-in, not the form. A draft lives while the tab shows its
// form, a page that carries it on (a review posting to the same address), or the sign-in and
// error pages in between; any other page means it was sent and saved, or left, and it is
// dropped. After a sign-in it is put back into the form. Passwords, the form's token and its
// one-time submission key are never kept: a fresh page brings fresh ones.
const prefix = "confab-draft:";
const neverKept = new Set(["_csrf", "submission_key", "next"]);
const notKeptTypes = new Set(["password", "hidden", "file", "submit", "button", "reset", "image"]);

const keyOf = (form) => prefix + new URL(form.getAttribute("action") ?? "", location.href).pathname;

function read(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}

function write(key, draft) {
  try {
    sessionStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or switched off: the form works as it always did, without a kept draft.
  }
}

function keptFields(form) {
  return [...form.elements].filter(
    (element) =>
      element.name &&
      !element.disabled &&
      !neverKept.has(element.name) &&
      !notKeptTypes.has(element.type) &&
      element.autocomplete !== "current-password" &&
      element.autocomplete !== "new-password",
  );
}

function save(form, state) {
  const values = {};
  for (const element of keptFields(form)) {
    const list = values[element.name] ?? [];
    values[element.name] = list;
    if (element.type === "checkbox" || element.type === "radio") {
      if (element.checked) list.push(element.value);
    } else if (element.type === "select-multiple") {
      for (const option of element.selectedOptions) list.push(option.value);
    } else {
      list.push(element.value);
    }
  }
  write(keyOf(form), {
    values,
    state,
    page: `${location.pathname}${location.search}`,
    at: Date.now(),
  });
}

function restore(form, values) {
  const seen = {};
  for (const element of keptFields(form)) {
    const list = values[element.name];
    if (!Array.isArray(list)) continue;
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = list.includes(element.value);
    } else if (element.type === "select-multiple") {
      for (const option of element.options) option.selected = list.includes(option.value);
    } else {
      // Fields sharing a name come back in their order on the page.
      const index = seen[element.name] ?? 0;
      seen[element.name] = index + 1;
      if (typeof list[index] === "string") element.value = list[index];
    }
  }
  const note = document.createElement("div");
  note.className = "alert alert-ok";
  note.setAttribute("role", "status");
  note.dataset.draftRestored = "";
  note.textContent = "What you typed before signing in is back. Check it, then send it again.";
  form.before(note);
}

const drafts = [];
for (let index = 0; index < sessionStorage.length; index += 1) {
  const key = sessionStorage.key(index);
  if (key?.startsWith(prefix)) drafts.push(key);
}
// Signing out here, on purpose, leaves nothing behind for whoever signs in next in this tab.
for (const signOut of document.querySelectorAll('form[action="/sign-out"]')) {
  signOut.addEventListener("submit", () => {
    for (const key of drafts) sessionStorage.removeItem(key);
  });
}

const between = document.querySelector("[data-draft-kept], .error-panel");
if (between) {
  // Sign-in and error pages keep every draft, marked to come back into its form.
  let latest;
  for (const key of drafts) {
    const draft = read(key);
    if (!draft) continue;
    write(key, { ...draft, interrupted: true });
    if (draft.state === "sent" && (!latest || draft.at > latest.at)) latest = draft;
  }
  // A form sent after the session ended: signing in goes back to the page it was sent from.
  if (latest && typeof latest.page === "string" && latest.page.startsWith("/")) {
    for (const next of document.querySelectorAll("[data-draft-return] input[name=next]")) {
      next.value = latest.page;
    }
  }
} else {
  const here = new Set([...document.querySelectorAll("form[action]")].map(keyOf));
  for (const key of drafts) if (!here.has(key)) sessionStorage.removeItem(key);
  for (const form of document.querySelectorAll("form[data-keep-draft]")) {
    const key = keyOf(form);
    const draft = read(key);
    // Only a draft interrupted by a sign-in or an error comes back: a form the server sent
    // back with what was typed (a mistake to fix) already shows it.
    if (draft?.interrupted && draft.values) {
      restore(form, draft.values);
      write(key, { ...draft, interrupted: false });
    }
    form.addEventListener("input", () => save(form, "typing"));
    form.addEventListener("change", () => save(form, "typing"));
    form.addEventListener("submit", () => save(form, "sent"));
  }
}
