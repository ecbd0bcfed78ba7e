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

  /* Card tables (see _macros.j2): Safari drops a table's semantics when CSS changes its
     display, so the roles are put back here; in the HTML they would be invalid. */
  var roles = [["table", "table"], ["thead, tbody, tfoot", "rowgroup"], ["tr", "row"],
               ["thead th", "columnheader"], ["tbody th", "rowheader"], ["td", "cell"]];
  Array.prototype.forEach.call(document.querySelectorAll("table.ap-table--cards"), function (t) {
    roles.forEach(function (pair) {
      if (t.matches(pair[0])) t.setAttribute("role", pair[1]);
      Array.prototype.forEach.call(t.querySelectorAll(pair[0]), function (el) {
        if (el.closest("table") === t) el.setAttribute("role", pair[1]);
      });
    });
  });

  /* Material stops Firefox restoring a drawer or search left open (autocomplete="off", which
     is not valid on a checkbox, so it is taken out at build): close both when a page is shown
     again instead. */
  window.addEventListener("pageshow", function () {
    [drawer, search].forEach(function (toggle) {
      if (toggle && toggle.checked) toggle.click();
    });
  });

  /* The search form's submit button (partials/search.html) opens the best match, as Enter in
     the field does; with no match yet, it leaves focus in the field. */
  var form = document.querySelector(".md-search__form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var best = document.querySelector(".md-search-result__list a[href]");
      if (best) best.click(); else if (field) field.focus();
    });
  }

  if (search && field) {
    search.addEventListener("change", function () {
      if (search.checked && document.activeElement !== field) field.focus();
    });
  }
})();
