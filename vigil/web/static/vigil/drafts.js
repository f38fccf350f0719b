// Recording a concern, where JavaScript runs: save as the person types, and filter the signs.
// The pages work without this: each step is saved on the server when it is submitted.

const DELAY_MS = 1500;
const PENDING = "vigil:unsaved:";

function status(form, text) {
  const place = form.querySelector("[data-autosave-status]");
  if (place) place.textContent = text;
}

function setVersion(version) {
  for (const input of document.querySelectorAll('input[name="version"]')) {
    input.value = String(version);
  }
}

function remember(form, body) {
  const values = {};
  for (const [name, value] of body.entries()) {
    if (name !== "csrfmiddlewaretoken") values[name] = value;
  }
  try {
    localStorage.setItem(PENDING + form.dataset.autosaveUrl, JSON.stringify(values));
  } catch {
    // Storage full or refused: the server draft from the last step still holds the rest.
  }
}

function forget(form) {
  try {
    localStorage.removeItem(PENDING + form.dataset.autosaveUrl);
  } catch {
    // nothing to forget
  }
}

async function save(form) {
  const body = new FormData(form);
  body.set("step", form.dataset.step);
  let response;
  try {
    response = await fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
  } catch {
    remember(form, body);
    status(form, "Not saved: there is no connection. What you typed is kept on this device and will be saved when the connection returns.");
    return;
  }
  const answer = await response.json().catch(() => null);
  if (response.redirected || answer === null) {
    remember(form, body);
    status(form, "Not saved: you may have been signed out. Sign in again in another tab, then keep typing.");
  } else if (response.ok) {
    setVersion(answer.version);
    forget(form);
    status(form, `Saved at ${answer.saved_at}.`);
  } else if (response.status === 409) {
    status(form, answer.error ? answer.error.message : "This was changed in another window.");
  } else {
    remember(form, body);
    status(form, "Not saved yet. Keep going: your answers are saved when you continue.");
  }
}

function restore(form) {
  let values;
  try {
    values = JSON.parse(localStorage.getItem(PENDING + form.dataset.autosaveUrl) || "null");
  } catch {
    values = null;
  }
  if (!values || values.step !== form.dataset.step) return false;
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements.namedItem(name);
    if (field && "value" in field && field.type !== "hidden" && field.type !== "radio" && field.type !== "checkbox") {
      field.value = value;
    }
  }
  status(form, "Restored what you typed before the connection was lost. Saving it now.");
  return true;
}

// One save at a time per form: each carries the version the last one returned, so two at once
// would refuse each other as a conflict.
function saver(form) {
  let running = null;
  let again = false;
  async function saveSoon() {
    if (running) {
      again = true;
      return;
    }
    running = save(form);
    await running;
    running = null;
    if (again) {
      again = false;
      await saveSoon();
    }
  }
  saveSoon.busy = () => running !== null;
  saveSoon.settled = async () => {
    while (running) await running;
  };
  return saveSoon;
}

for (const form of document.querySelectorAll("form[data-autosave-url]")) {
  const saveSoon = saver(form);
  let timer;
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(saveSoon, DELAY_MS);
  });
  form.addEventListener("submit", async (event) => {
    clearTimeout(timer);
    forget(form);
    // A save still on its way would move the version on under this submission: let it land
    // first, then submit with the version it returned.
    if (saveSoon.busy()) {
      event.preventDefault();
      await saveSoon.settled();
      form.requestSubmit(event.submitter);
    }
  });
  window.addEventListener("online", saveSoon);
  if (restore(form)) saveSoon();
}

// Filter the signs as the person types in the search box; the Search button still works.
for (const search of document.querySelectorAll("[data-filter-signs]")) {
  search.addEventListener("input", () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const item of document.querySelectorAll("[data-sign]")) {
      item.hidden = !words.every((word) => item.dataset.sign.includes(word));
    }
    for (const group of document.querySelectorAll("[data-sign-group]")) {
      group.hidden = !group.querySelector("[data-sign]:not([hidden])");
    }
  });
}
