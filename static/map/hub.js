// The hub view: the ten stakeholder groups around a hub, as on the map; choosing one
// shows its actions by stage (developing, issuing, using, adopting) and its
// organizations, each of which opens the organization panel.
"use strict";
(function () {
  var LerMap = window.LerMap;
  var el = LerMap.el;
  var STAGES = ["DEVELOPING", "ISSUING", "USING", "ADOPTING"];
  var QUERY = "query Hub { stakeholderGroups { group name definition " +
    "actions { stage text } stakeholders(first: 50) { totalCount " +
    "edges { node { id slug name } } } } }";

  function showGroup(info) {
    var panel = document.getElementById("group");
    panel.textContent = "";
    panel.appendChild(el("h2", { id: "group-title" }, info.name));
    panel.appendChild(el("p", {}, info.definition));
    STAGES.forEach(function (stage) {
      var actions = info.actions.filter(function (a) { return a.stage === stage; });
      var section = el("section", { "class": "stage", "data-stage": stage });
      section.appendChild(el("h3", {}, LerMap.words(stage)));
      var list = el("ul");
      actions.forEach(function (a) { list.appendChild(el("li", {}, a.text)); });
      if (!actions.length) list.appendChild(el("li", {}, "No actions at this stage."));
      section.appendChild(list);
      panel.appendChild(section);
    });
    var orgs = info.stakeholders;
    panel.appendChild(el("h3", {}, "Organizations (" + orgs.totalCount + ")"));
    var list = el("ul", { "class": "orgs" });
    orgs.edges.forEach(function (e) {
      var item = el("li");
      var button = el("button", { type: "button", "class": "linklike", "data-id": e.node.id },
                      e.node.name);
      button.addEventListener("click", function () { LerMap.openPanel(e.node.id, button); });
      item.appendChild(button);
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (orgs.totalCount > orgs.edges.length) {
      panel.appendChild(el("p", {}, "The first " + orgs.edges.length +
        " in name order; the list view shows them all."));
    }
    panel.hidden = false;
  }

  function drawHub(groups) {
    var hub = document.getElementById("hub");
    hub.textContent = "";
    var ring = el("ol", { "class": "ring" });
    groups.forEach(function (info, i) {
      var angle = (2 * Math.PI * i) / groups.length - Math.PI / 2;
      var item = el("li", { "class": "group" });
      item.style.setProperty("--x", (50 + 40 * Math.cos(angle)).toFixed(2) + "%");
      item.style.setProperty("--y", (50 + 40 * Math.sin(angle)).toFixed(2) + "%");
      item.style.setProperty("--group-color", LerMap.groupColor(info.group));
      var button = el("button", { type: "button", "data-group": info.group });
      button.appendChild(el("strong", {}, info.name));
      button.appendChild(el("span", { "class": "count" },
        info.stakeholders.totalCount +
        (info.stakeholders.totalCount === 1 ? " organization" : " organizations")));
      button.addEventListener("click", function () { showGroup(info); });
      item.appendChild(button);
      item.appendChild(el("p", { "class": "definition" }, info.definition));
      ring.appendChild(item);
    });
    hub.appendChild(el("div", { "class": "center", "aria-hidden": "true" }, "LER"));
    hub.appendChild(ring);
  }

  // The groups are the legend of every other view: loaded once, first.
  LerMap.loadGroups = function () {
    var started = Date.now();
    return LerMap.gql(QUERY).then(function (data) {
      LerMap.groups = data.stakeholderGroups;
      data.stakeholderGroups.forEach(function (g) { LerMap.groupNames[g.group] = g.name; });
      drawHub(data.stakeholderGroups);
      window.__lermapMap = { groups: data.stakeholderGroups.length, ms: Date.now() - started };
    }, function (err) {
      document.getElementById("hub").textContent = "";
      throw err;
    });
  };

  LerMap.views.hub = { show: function () {} };
})();
