// A new meeting starts in the browser's own time zone rather than UTC; what the person chooses
// (or what the server was sent back with) is left as it is.
const zone = document.querySelector("input[name=timeZone][data-suggest-browser-zone]");
// Only while the field still holds what the server sent: a person may type before this runs.
if (zone && zone.value === zone.defaultValue) {
  try {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (own) zone.value = own;
  } catch {
    // Without the browser's zone, UTC stays.
  }
}
