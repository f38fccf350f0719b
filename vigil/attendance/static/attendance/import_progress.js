// An import's page, where JavaScript runs: keep its progress bar up to date from the status
// address, and show the result when the import has finished. Without JavaScript, the page's
// "Refresh" link does the same.

const EVERY_MS = 1000;
// The words are read out by screen readers (role="status"): only at each tenth, not each second.
let saidTenth = -1;

function show(place, status) {
  const bar = place.querySelector("progress");
  const said = place.querySelector("[data-import-said]");
  if (bar) {
    bar.max = Math.max(status.total, 1);
    bar.value = status.line;
    bar.textContent = `${status.percent}%`;
  }
  const tenth = Math.floor(status.percent / 10);
  if (said && tenth !== saidTenth) {
    saidTenth = tenth;
    const line = status.line.toLocaleString("en-GB");
    const total = status.total.toLocaleString("en-GB");
    said.textContent = `${status.label}: ${status.percent}% (${line} of ${total} lines).`;
  }
}

async function poll(place) {
  try {
    const answer = await fetch(place.dataset.importStatus, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (answer.ok) {
      const status = await answer.json();
      show(place, status);
      if (status.finished) {
        window.location.reload();
        return;
      }
    }
  } catch {
    // The network dropped for a moment: try again at the next turn.
  }
  window.setTimeout(() => poll(place), EVERY_MS);
}

const place = document.querySelector("[data-import-status]");
if (place) window.setTimeout(() => poll(place), EVERY_MS);
