// Refreshes an element marked data-poll-url every second until it says data-poll-done="true",
// then reloads the page once so the finished result shows (progress of long background work).
(() => {
  const INTERVAL_MS = 1000;
  const target = document.querySelector("[data-poll-url]");
  if (!target || target.dataset.pollDone === "true") return;
  const tick = async () => {
    const current = document.querySelector("[data-poll-url]");
    const response = await fetch(current.dataset.pollUrl, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const fresh = holder.firstElementChild;
    current.replaceWith(fresh);
    if (fresh.dataset.pollDone === "true") {
      window.location.reload();
    } else {
      setTimeout(tick, INTERVAL_MS);
    }
  };
  setTimeout(tick, INTERVAL_MS);
})();
