// The LER Ecosystem Map, hub view: the ten stakeholder groups around a hub; choosing one
// shows its actions by stage and its organizations. A client of POST /graphql only.
"use strict";
(function () {
  var STAGES = ["DEVELOPING", "ISSUING", "USING", "ADOPTING"];
  var QUERY = "query Hub { stakeholderGroups { group name definition " +
    "actions { stage text } stakeholders(first: 50) { totalCount " +
    "edges { node { slug name } } } } }";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(message) {
    var box = document.getElementById("error");
    box.textContent = "The map could not load its data: " + message;
    box.hidden = false;
  }

  function gql(query, variables) {
    return fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: query, variables: variables || {} })
    }).then(function (response) {
      return response.json().catch(function () {
        throw new Error("HTTP " + response.status);
      }).then(function (body) {
        if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
        if (!response.ok) throw new Error("HTTP " + response.status);
        return body.data;
      });
    });
  }

  function showGroup(info) {
    var panel = document.getElementById("group");
    panel.textContent = "";
    panel.appendChild(el("h2", { id: "group-title" }, info.name));
    panel.appendChild(el("p", {}, info.definition));
    STAGES.forEach(function (stage) {
      var actions = info.actions.filter(function (a) { return a.stage === stage; });
      var section = el("section", { "class": "stage", "data-stage": stage });
      section.appendChild(el("h3", {}, stage.charAt(0) + stage.slice(1).toLowerCase()));
      var list = el("ul");
      actions.forEach(function (a) { list.appendChild(el("li", {}, a.text)); });
      if (!actions.length) list.appendChild(el("li", {}, "No actions at this stage."));
      section.appendChild(list);
      panel.appendChild(section);
    });
    var orgs = info.stakeholders;
    panel.appendChild(el("h3", {}, "Organizations (" + orgs.totalCount + ")"));
    var list = el("ul", { "class": "orgs" });
    orgs.edges.forEach(function (e) { list.appendChild(el("li", {}, e.node.name)); });
    panel.appendChild(list);
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
    hub.appendChild(el("div", { "class": "center" }, "LER"));
    hub.appendChild(ring);
  }

  var started = Date.now();
  gql(QUERY).then(function (data) {
    drawHub(data.stakeholderGroups);
    window.__lermapMap = { groups: data.stakeholderGroups.length, ms: Date.now() - started };
  }).catch(function (err) {
    document.getElementById("hub").textContent = "";
    showError(err.message);
  });
})();
