// CRM Copilot pages: small progressive enhancements; every page works without this file.
"use strict";

const TERMINAL = new Set(["sent", "exported", "rejected", "failed"]);

// Following a citation [n]: highlight and focus the cited record so keyboard users land on it.
function followCitation(event) {
  const link = event.target.closest("a.cite");
  if (!link) return;
  const target = document.querySelector(link.getAttribute("href"));
  if (!target) return;
  document.querySelectorAll(".record.active").forEach((el) => el.classList.remove("active"));
  target.classList.add("active");
  target.focus({ preventScroll: false });
}

// The rep page polls each unfinished draft's status until it reaches a final state.
function poll(el) {
  const url = el.dataset.poll;
  const tick = async () => {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      if (el.textContent !== data.status) {
        el.textContent = data.status;
        el.className = "status status-" + data.status;
      }
      if (TERMINAL.has(data.status)) return;
    } catch (err) {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(tick, 1500);
  };
  window.setTimeout(tick, 1000);
}

document.addEventListener("DOMContentLoaded", () => {
  document.body.addEventListener("click", followCitation);
  document.querySelectorAll("[data-poll]").forEach(poll);
});
