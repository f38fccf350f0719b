// Vigil's page script (an ES module, loaded with <script type="module" nonce=...>).
// Starts GOV.UK Frontend's components, then the idle warning. Every page works without it.

import { initAll } from "../dist/govuk-frontend.min.js";
import "./drafts.js";

// supported.js sets these before the page is drawn; set again here in case it did not run.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// allauth's security-key scripts report failures (a cancelled prompt, an unknown key) only to the
// console: say so on the page, where the template has a place for it.
document.addEventListener("allauth.error", (event) => {
  const message = document.querySelector("[data-webauthn-error]");
  if (!message) return;
  event.preventDefault();
  const hidden = document.createElement("span");
  hidden.className = "govuk-visually-hidden";
  hidden.textContent = "Error:";
  message.replaceChildren(hidden, " Your security key or passkey was not used. Try again, or use a code.");
  message.hidden = false;
  message.setAttribute("role", "alert");
});

// ---------------------------------------------------------------------------------------------
// Idle warning. The server ends a session after `data-idle-seconds` without a request. Shortly
// before that we open the <dialog id="idle-warning"> (markup in base.html): "Stay signed in"
// posts to `data-keepalive-url`, which counts as activity; when the time runs out we reload, and
// the server answers with the sign-in page. Tabs share the time of the last activity through
// localStorage, so that working in one tab keeps the others from warning.

const WARN_BEFORE_SECONDS = 120;
const SHORT_LIMIT_SECONDS = 600; // under this, warn when 80% of the time has gone
const STORAGE_KEY = "vigil:last-activity";
const SAFETY_MARGIN_MS = 1500; // reload just after the server's limit, never just before

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function describe(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes && rest) return `${plural(minutes, "minute")} ${plural(rest, "second")}`;
  return minutes ? plural(minutes, "minute") : plural(rest, "second");
}

function storedActivity() {
  try {
    return Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
  } catch {
    return 0; // storage can be switched off; each tab then keeps its own time
  }
}

function storeActivity(time) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(time));
  } catch {
    // as above
  }
}

function startIdleWarning(body, dialog) {
  const limitMs = Number(body.dataset.idleSeconds) * 1000;
  const warnMs =
    limitMs < SHORT_LIMIT_SECONDS * 1000 ? Math.round(limitMs * 0.2) : WARN_BEFORE_SECONDS * 1000;
  const countdown = dialog.querySelector("#idle-warning-countdown");
  const live = dialog.querySelector("#idle-warning-live");
  const stay = dialog.querySelector("#idle-warning-stay");
  const csrf = document.querySelector('meta[name="csrf-token"]');
  let lastActivity = Date.now();
  let announcePoints = [];
  let returnFocusTo = null;
  let timer = 0;

  storeActivity(lastActivity);

  const remainingSeconds = () =>
    Math.max(0, Math.ceil((lastActivity + limitMs - Date.now()) / 1000));

  function announce(text) {
    // Cleared first so that the same words are announced again.
    live.textContent = "";
    window.setTimeout(() => {
      live.textContent = text;
    }, 100);
  }

  function open() {
    const seconds = remainingSeconds();
    // Announce at each whole minute, then at 30 and 10 seconds: enough, not chatty.
    announcePoints = [];
    for (let minute = Math.floor((seconds - 1) / 60); minute >= 1; minute -= 1) {
      announcePoints.push(minute * 60);
    }
    announcePoints.push(30, 10);
    announcePoints = announcePoints.filter((point) => point < seconds);
    countdown.textContent = describe(seconds);
    returnFocusTo = document.activeElement;
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    stay.focus();
    announce(`You will be signed out in ${describe(seconds)}.`);
  }

  function close() {
    if (!dialog.open) return;
    if (typeof dialog.close === "function") dialog.close();
    else dialog.removeAttribute("open");
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
  }

  function signedOut() {
    // A GET of this page (never a repeated POST): the server shows the sign-in page.
    window.location.assign(window.location.href.split("#")[0]);
  }

  function tick() {
    lastActivity = Math.max(lastActivity, storedActivity());
    const left = lastActivity + limitMs - Date.now();
    if (left <= -SAFETY_MARGIN_MS) {
      window.clearInterval(timer);
      signedOut();
    } else if (left <= warnMs) {
      if (!dialog.open) open();
      const seconds = remainingSeconds();
      countdown.textContent = describe(seconds);
      if (announcePoints.length && seconds <= announcePoints[0]) {
        while (announcePoints.length && seconds <= announcePoints[0]) announcePoints.shift();
        announce(`You will be signed out in ${describe(seconds)}.`);
      }
    } else {
      close();
    }
  }

  async function keepAlive() {
    stay.setAttribute("aria-disabled", "true");
    try {
      const response = await window.fetch(body.dataset.keepaliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.content : "", "X-Requested-With": "fetch" },
      });
      if (!response.ok || response.redirected) {
        signedOut(); // the session has already ended
        return;
      }
      lastActivity = Date.now();
      storeActivity(lastActivity);
      close();
    } catch {
      announce("We could not reach the service. Check your connection, then select Stay signed in again.");
    } finally {
      stay.removeAttribute("aria-disabled");
    }
  }

  stay.addEventListener("click", () => {
    if (stay.getAttribute("aria-disabled") !== "true") keepAlive();
  });
  // Escape closes a modal dialog: someone pressing it is here, so keep them signed in.
  dialog.addEventListener("cancel", () => keepAlive());
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY) tick();
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) tick();
  });
  timer = window.setInterval(tick, 1000);
}

const idleDialog = document.getElementById("idle-warning");
if (document.body.dataset.idleSeconds && idleDialog) {
  startIdleWarning(document.body, idleDialog);
}
