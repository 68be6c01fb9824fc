// Catalog vendor pages: language tabs, adding variant rows, live net/VAT, select-all for bulk edit.
(function () {
  "use strict";
  document.querySelectorAll("[data-tabs]").forEach(function (bar) {
    var form = bar.closest("form") || document;
    form.classList.add("js-tabs");
    var tabs = bar.querySelectorAll("[data-tab]");
    function show(id) {
      tabs.forEach(function (tab) {
        var on = tab.dataset.tab === id;
        tab.classList.toggle("active", on);
        tab.setAttribute("aria-selected", on ? "true" : "false");
        var panel = document.getElementById(tab.dataset.tab);
        if (panel) panel.hidden = !on;
      });
    }
    tabs.forEach(function (tab) { tab.addEventListener("click", function () { show(tab.dataset.tab); }); });
    var withError = bar.querySelector(".has-error");
    show((withError || tabs[0]).dataset.tab);
  });

  var rows = document.querySelector("[data-variant-rows]");
  var template = document.getElementById("variant-row-template");
  var add = document.querySelector("[data-add-variant]");
  if (rows && template && add) {
    add.addEventListener("click", function () {
      var next = 0;
      rows.querySelectorAll("input[name^='variants-']").forEach(function (input) {
        var m = input.name.match(/^variants-(\d+)-/);
        if (m) next = Math.max(next, parseInt(m[1], 10) + 1);
      });
      var html = template.innerHTML.replace(/__i__/g, String(next));
      rows.insertAdjacentHTML("beforeend", html);
    });
  }

  var vat = document.querySelector("select[name='vat_rate']");
  function euros(cents) { return (cents / 100).toFixed(2).replace(".", ","); }
  function recompute() {
    if (!rows || !vat) return;
    var rate = parseInt(vat.value, 10) || 0;
    rows.querySelectorAll("[data-variant-row]").forEach(function (row) {
      var input = row.querySelector("[data-price]");
      var out = row.querySelector("[data-net]");
      if (!input || !out) return;
      var gross = Math.round(parseFloat((input.value || "").replace(",", ".")) * 100);
      if (!isFinite(gross)) return;
      var net = Math.round(gross * 100 / (100 + rate));
      var first = out.firstChild;
      var text = "€ " + euros(net) + " + " + euros(gross - net);
      if (first && first.nodeType === 3) first.nodeValue = text; else out.insertBefore(document.createTextNode(text), out.firstChild);
    });
  }
  if (rows && vat) {
    rows.addEventListener("input", recompute);
    vat.addEventListener("change", recompute);
  }

  document.querySelectorAll("[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name='product_ids']").forEach(function (c) { c.checked = box.checked; });
    });
  });
})();
