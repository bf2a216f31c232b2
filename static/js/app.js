// Ask before destructive actions: any form or button with data-confirm="…" needs a yes.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A select marked data-autosubmit sends its form when changed (the policy allows no inline handlers).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]") && event.target.form) {
    event.target.form.submit();
  }
});

// Tabs of one form (the month's scoring grid): a tab shows its pane and hides the others, so counts typed on
// one star stay in the form while another is shown; the address and the hidden "star" field follow the tab.
document.addEventListener("click", function (event) {
  var tab = event.target.closest("[data-grid-tab]");
  if (!tab) {
    return;
  }
  event.preventDefault();
  var star = tab.getAttribute("data-grid-tab");
  document.querySelectorAll("[data-grid-tab]").forEach(function (other) {
    var active = other === tab;
    other.classList.toggle("active", active);
    if (active) {
      other.setAttribute("aria-current", "page");
    } else {
      other.removeAttribute("aria-current");
    }
  });
  document.querySelectorAll("[data-grid-pane]").forEach(function (pane) {
    pane.classList.toggle("d-none", pane.getAttribute("data-grid-pane") !== star);
  });
  document.querySelectorAll("[data-grid-star]").forEach(function (field) {
    field.value = star;
  });
  window.history.replaceState(null, "", tab.getAttribute("href"));
});

// A form marked data-keep-unsaved asks before the page is left with changes not yet saved.
document.addEventListener("input", function (event) {
  var form = event.target.form;
  if (form && form.hasAttribute("data-keep-unsaved")) {
    form.dataset.unsaved = "1";
  }
});
document.addEventListener("submit", function (event) {
  if (!event.defaultPrevented) {
    delete event.target.dataset.unsaved;
  }
});
window.addEventListener("beforeunload", function (event) {
  if (document.querySelector("form[data-unsaved]")) {
    event.preventDefault();
    event.returnValue = "";
  }
});
