// Polls the progress of a background import every second (students/import_job.html#progress).
// The bar follows every poll; the spoken status changes only every 10% so screen readers are not
// flooded. When the job ends, the page reloads to show the report. Without this script the page
// offers an "Aggiorna lo stato" link.
(() => {
  const box = document.getElementById("import-progress");
  if (!box || box.dataset.running !== "1") return;
  const parser = new DOMParser();

  async function poll() {
    let response;
    try {
      response = await fetch(box.dataset.pollUrl, { headers: { Accept: "text/html" } });
    } catch {
      setTimeout(poll, 3000);
      return;
    }
    if (!response.ok) {
      setTimeout(poll, 3000);
      return;
    }
    const fresh = parser.parseFromString(await response.text(), "text/html").getElementById("import-progress");
    if (!fresh || fresh.dataset.running !== "1") {
      window.location.reload();
      return;
    }
    const bar = box.querySelector("progress");
    const freshBar = fresh.querySelector("progress");
    if (bar && freshBar) bar.replaceWith(freshBar);
    const status = box.querySelector('[role="status"]');
    const freshStatus = fresh.querySelector('[role="status"]');
    if (status && freshStatus && status.dataset.step !== freshStatus.dataset.step) {
      status.textContent = freshStatus.textContent;
      status.dataset.step = freshStatus.dataset.step || "";
    }
    setTimeout(poll, 1000);
  }

  setTimeout(poll, 1000);
})();
