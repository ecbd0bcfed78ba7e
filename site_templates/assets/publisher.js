/* Keyboard use of Material's drawer and search on narrow screens, where both are checkboxes
   toggled by header buttons.
   - The drawer's links come late in the page, and it closes only by a click on the page
     behind: opening it puts focus on its first link; Escape, or focus leaving it, closes it.
   - The closed search is hidden from the tab order (publisher.css); Material focuses the field
     before the checkbox has opened it, so focus is put there again once it is open. */
(function () {
  "use strict";
  var drawer = document.getElementById("__drawer");
  var search = document.getElementById("__search");
  var field = document.querySelector(".md-search__input");

  function closeDrawer() {
    if (drawer && drawer.checked) drawer.click(); /* fires the change event Material watches */
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer && drawer.checked) {
      closeDrawer();
      var button = document.querySelector(".md-header label[for='__drawer']");
      if (button) button.focus();
    }
  });

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (drawer && drawer.checked && target instanceof Element &&
        !target.closest(".md-sidebar--primary, label[for='__drawer']")) {
      closeDrawer();
    }
  });

  if (drawer) {
    drawer.addEventListener("change", function () {
      var first = document.querySelector(".md-sidebar--primary .md-nav__list a[href]");
      if (drawer.checked && first) first.focus();
    });
  }

  if (search && field) {
    search.addEventListener("change", function () {
      if (search.checked && document.activeElement !== field) field.focus();
    });
  }
})();
