// A new meeting, and a person who has not chosen their time zone yet, start from the browser's
// own zone rather than UTC or an empty field; nothing is saved until the person submits, and
// what they chose (or what the server was sent back with) is left as it is.
const fields = document.querySelectorAll("input[name=timeZone][data-suggest-browser-zone]");
let own;
try {
  own = Intl.DateTimeFormat().resolvedOptions().timeZone;
} catch {
  // Without the browser's zone, the field keeps what the server sent.
}
for (const zone of fields) {
  // Only while the field still holds what the server sent: a person may type before this runs.
  if (own && zone.value === zone.defaultValue) zone.value = own;
}
