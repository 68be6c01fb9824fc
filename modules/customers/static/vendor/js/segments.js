// Segment rule builder: each row's condition list offers only the comparisons its criterion
// allows (the server checks them again), and the value box hints at what to type.
(function () {
  "use strict";
  var form = document.querySelector("[data-segment-form]");
  if (!form) return;
  var rules = JSON.parse(form.getAttribute("data-rule-fields") || "{}");
  var inputTypes = { cents: "text", count: "number", days: "number", date: "date", text: "text", language: "text" };

  function sync(row, keepChoice) {
    var field = row.querySelector("select[name=rule_field]");
    var op = row.querySelector("select[name=rule_op]");
    var value = row.querySelector("input[name=rule_value]");
    var allowed = rules[field.value];
    Array.prototype.forEach.call(op.options, function (option) {
      option.hidden = !!allowed && allowed.ops.indexOf(option.value) === -1;
    });
    if (allowed && (!keepChoice || allowed.ops.indexOf(op.value) === -1)) op.value = allowed.ops[0];
    if (allowed) value.type = inputTypes[allowed.kind] || "text";
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-testid=rule-row]"), function (row) {
    sync(row, true);
    row.querySelector("select[name=rule_field]").addEventListener("change", function () { sync(row, false); });
  });
})();
