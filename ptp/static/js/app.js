// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.form && select.form.dataset.autosubmit === "true") {
    select.form.requestSubmit();
  }
});
