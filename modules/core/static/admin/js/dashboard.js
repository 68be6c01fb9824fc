// core module: the admin dashboard marks the table as ready once the page has loaded.
document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("[data-testid=module-table]");
  if (table) table.dataset.ready = "true";
});
