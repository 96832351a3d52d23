/* Self-assessment and explanation forms: running totals as the member types, a warning
   before an action that would lose unsaved changes, and confirmations.

   The form carries data-entry-form and the translated texts (data-text-*); each criterion
   block carries data-criterion and data-group (its top-level group code); its value input
   carries data-score (the criterion's kind), data-max and data-per; data-fallback on the
   block is the value that stands when the input is left empty (the explanation stage).
   The arithmetic follows scoring/calculation.py; the server's totals are the reference. */
(function () {
  "use strict";

  var GROUPED = /^\d{1,3}(\.\d{3})+$/;
  var DIGITS = /^\d*$/;

  /* Read as emulation/numbers.py reads it: "," is the decimal mark and "." groups thousands
     ("1.000" → 1000, "1.250,5" → 1250.5); a lone "." not followed by three digits is the
     decimal mark ("8.5" → 8.5). "" → null; anything else → NaN. */
  function parseNumber(text) {
    var cleaned = String(text == null ? "" : text).replace(/[\s\u00a0\u202f]+/g, "");
    if (cleaned === "") return null;
    var parts = cleaned.split(",");
    if (parts.length > 2) return NaN;
    var whole = parts[0];
    var fraction = parts.length === 2 ? parts[1] : "";
    if (whole.indexOf(".") !== -1) {
      if (GROUPED.test(whole)) whole = whole.replace(/\./g, "");
      else if (parts.length === 1 && whole.split(".").length === 2) {
        fraction = whole.split(".")[1];
        whole = whole.split(".")[0];
      } else return NaN;
    }
    if (!DIGITS.test(whole) || !DIGITS.test(fraction)) return NaN;
    if (whole === "" && fraction === "") return NaN;
    if (parts.length === 2 && fraction === "") return NaN;
    return Number((whole || "0") + "." + (fraction || "0"));
  }

  /* A group adds at most its maximum, a deduction group takes away at most its maximum
     (0: no cap), as scoring/calculation.py caps it. */
  function capped(centsValue, max) {
    var limit = cents(max || 0);
    if (!limit) return centsValue;
    return Math.max(-limit, Math.min(centsValue, limit));
  }

  function cents(value) {
    return Math.round(value * 100);
  }

  /* The points of one value, in cents: {cents}, or {scaled}, {empty} or {invalid}: true. */
  function pointsOf(kind, value, max, per) {
    if (kind === "quantitative") return { scaled: true };
    if (value === null) return { empty: true };
    if (isNaN(value) || value < 0) return { invalid: true };
    switch (kind) {
      case "pass_fail":
        return value === 0 || cents(value) === cents(max) ? { cents: cents(value) } : { invalid: true };
      case "per_occurrence":
        if (!Number.isInteger(value)) return { invalid: true };
        return { cents: Math.min(cents(value * per), cents(max)) };
      case "deduction":
        return value > max ? { invalid: true } : { cents: -cents(value) || 0 };
      default:
        return value > max ? { invalid: true } : { cents: cents(value) };
    }
  }

  function setup(form) {
    var lang = document.documentElement.lang || "vi";
    var format = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    var show = function (centsValue) {
      return format.format(centsValue / 100 || 0); /* never "-0" (a deduction of 0) */
    };
    var inputs = Array.prototype.slice.call(form.querySelectorAll("[data-score]"));
    var dirty = false;

    function recompute() {
      var groups = {};
      var grand = 0;
      inputs.forEach(function (input) {
        var block = input.closest("[data-criterion]");
        var output = block && block.querySelector("[data-points]");
        var value = parseNumber(input.value);
        if (value === null && block && block.dataset.fallback) {
          value = parseNumber(block.dataset.fallback);
        }
        var result = pointsOf(
          input.dataset.score,
          value,
          Number(input.dataset.max),
          Number(input.dataset.per || 0)
        );
        if (output) {
          output.classList.toggle("text-danger", !!result.invalid);
          if (result.scaled) output.textContent = form.dataset.textScaled;
          else if (result.invalid) output.textContent = form.dataset.textInvalid;
          else if (result.empty) output.textContent = "—";
          else output.textContent = show(result.cents);
        }
        if (result.cents !== undefined) {
          var group = (block && block.dataset.group) || "";
          groups[group] = (groups[group] || 0) + result.cents;
        }
      });
      var counted = {};
      form.querySelectorAll("[data-group-total]").forEach(function (cell) {
        var code = cell.dataset.groupTotal;
        counted[code] = capped(groups[code] || 0, Number(cell.dataset.groupMax));
        cell.textContent = show(counted[code]);
      });
      Object.keys(groups).forEach(function (code) {
        grand += code in counted ? counted[code] : groups[code];
      });
      document.querySelectorAll("[data-grand-total]").forEach(function (cell) {
        cell.textContent = show(Math.max(grand, 0));
      });
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", recompute);
      input.addEventListener("change", recompute);
    });
    /* Evidence files are sent with the page's form, with everything typed: attaching loses
       nothing. Leaving the page otherwise (deleting a file opens the page that asks first)
       warns while something is unsaved. */
    form.addEventListener("input", function () {
      dirty = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
    });
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    recompute();
  }

  document.querySelectorAll("[data-entry-form]").forEach(setup);

  /* A button or form with data-confirm asks before it is sent. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();
