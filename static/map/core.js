// The map page's shared pieces: DOM helpers, the GraphQL client (POST /graphql on this
// host, like any partner: same limits, same cost rules), error display and the view
// switcher. The views (hub.js, list.js, network.js) and the organization panel
// (panel.js) register themselves on window.LerMap; app.js starts the page.
"use strict";
(function () {
  var LerMap = window.LerMap = {
    groups: [],          // stakeholderGroups, in the map's order (hub.js fills it)
    groupNames: {},      // enum value -> the map's name for the group
    views: {},           // name -> {show: function(), hide: function()}
    current: null
  };

  // Ten colours, one per group in the map's order; each has a contrast of at least
  // 3:1 against the white background (WCAG 1.4.11 for graphics).
  LerMap.PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b",
                    "#c2185b", "#5f6b00", "#00838f", "#e65100", "#3949ab"];

  LerMap.el = function (tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  // "WALLET_PROVIDER" -> "Wallet provider"
  LerMap.words = function (value) {
    var text = String(value).replace(/_/g, " ").toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
  };

  LerMap.groupName = function (group) {
    return LerMap.groupNames[group] || LerMap.words(group);
  };

  LerMap.groupColor = function (group) {
    var index = LerMap.groups.findIndex(function (g) { return g.group === group; });
    return LerMap.PALETTE[(index < 0 ? 0 : index) % LerMap.PALETTE.length];
  };

  LerMap.showError = function (message) {
    var box = document.getElementById("error");
    box.textContent = "The map could not load its data: " + message;
    box.hidden = false;
  };

  LerMap.clearError = function () {
    var box = document.getElementById("error");
    box.hidden = true;
    box.textContent = "";
  };

  // One GraphQL request; rejects with the API's first error message (or the HTTP
  // status when the answer is not GraphQL), so every caller can show it.
  LerMap.gql = function (query, variables) {
    return fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "accept": "application/json" },
      body: JSON.stringify({ query: query, variables: variables || {} })
    }).then(function (response) {
      return response.json().catch(function () {
        throw new Error("HTTP " + response.status);
      }).then(function (body) {
        if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
        if (!response.ok) throw new Error("HTTP " + response.status);
        return body.data;
      });
    }, function (err) {
      throw new Error("the API did not answer (" + err.message + ")");
    });
  };

  // Views are chosen by the address's fragment (#hub, #list, #network), so the
  // browser's back button and bookmarks work and the links are ordinary links.
  LerMap.show = function (name) {
    if (!LerMap.views[name]) name = "hub";
    Object.keys(LerMap.views).forEach(function (key) {
      var section = document.getElementById("view-" + key);
      section.hidden = key !== name;
      var link = document.querySelector("nav a[href='#" + key + "']");
      if (link) {
        if (key === name) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      }
    });
    var previous = LerMap.current;
    LerMap.current = name;
    if (previous && previous !== name && LerMap.views[previous].hide) LerMap.views[previous].hide();
    LerMap.views[name].show();
  };
})();
