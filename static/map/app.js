// Starts the map page: the groups first (every view's legend and colours), then the
// view the address names (#hub, #list, #network). A failed request shows the API's
// message in the alert box; the page never stays blank.
"use strict";
(function () {
  var LerMap = window.LerMap;

  function route() {
    LerMap.show((location.hash || "#hub").slice(1));
  }

  window.addEventListener("hashchange", route);
  if (location.hash === "#network") LerMap.prefetchNetwork();  // the slowest request first
  LerMap.loadGroups().then(route).catch(function (err) {
    LerMap.showError(err.message);
  });
})();
