// The organization panel: one stakeholder as the API describes it (description,
// website, groups, roles, standards, verification, credentials issued and accepted
// with their skills, active partners, suggested partners with the API's reasons) and
// links to its exports. Opened from the hub, the list, the network and search.
"use strict";
(function () {
  var LerMap = window.LerMap;
  var el = LerMap.el;
  var CREDENTIALS = 20;
  var SUGGESTIONS = 5;
  var QUERY = "query Organization($id: ID!) { stakeholder(id: $id) { " +
    "id slug name description website location did ctid verification domainVerifiedAt " +
    "groups roles stages standards { id name version } " +
    "credentials(first: " + CREDENTIALS + ") { totalCount " +
    "edges { node { id name type skills { id name } } } } " +
    "acceptedCredentials(first: " + CREDENTIALS + ") { totalCount " +
    "edges { node { id name type issuer { id name } skills { id name } } } } " +
    "partners { id name } " +
    "suggestedPartners(first: " + SUGGESTIONS + ") { score reasons stakeholder { id name } } } }";

  var returnFocus = null;
  var requested = null;

  function section(panel, title, className) {
    var box = el("section", { "class": "panel-section " + (className || "") });
    box.appendChild(el("h3", {}, title));
    panel.appendChild(box);
    return box;
  }

  function orgButton(org) {
    var button = el("button", { type: "button", "class": "linklike", "data-id": org.id },
                    org.name);
    button.addEventListener("click", function () { LerMap.openPanel(org.id); });
    return button;
  }

  function facts(box, rows) {
    var list = el("dl", { "class": "facts" });
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      list.appendChild(el("dt", {}, row[0]));
      var dd = el("dd");
      if (row[1] instanceof Node) dd.appendChild(row[1]);
      else dd.textContent = row[1];
      list.appendChild(dd);
    });
    box.appendChild(list);
  }

  function credentialList(box, connection, withIssuer, empty) {
    if (!connection.edges.length) {
      box.appendChild(el("p", {}, empty));
      return;
    }
    var list = el("ul", { "class": "credentials" });
    connection.edges.forEach(function (edge) {
      var c = edge.node;
      var item = el("li");
      item.appendChild(el("strong", {}, c.name));
      item.appendChild(document.createTextNode(" (" + LerMap.words(c.type) + ")"));
      if (withIssuer) {
        item.appendChild(document.createTextNode(", issued by "));
        item.appendChild(orgButton(c.issuer));
      }
      item.appendChild(el("span", { "class": "skills" }, c.skills.length
        ? "Skills: " + c.skills.map(function (s) { return s.name; }).join(", ")
        : "No skills listed."));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (connection.totalCount > connection.edges.length) {
      box.appendChild(el("p", {}, "The first " + connection.edges.length + " of " +
        connection.totalCount + "."));
    }
  }

  function render(org) {
    var panel = document.getElementById("panel");
    panel.textContent = "";
    var head = el("div", { "class": "panel-head" });
    var title = el("h2", { id: "panel-title", tabindex: "-1" }, org.name);
    head.appendChild(title);
    var close = el("button", { type: "button", "class": "close" }, "Close");
    close.setAttribute("aria-label", "Close the panel about " + org.name);
    close.addEventListener("click", LerMap.closePanel);
    head.appendChild(close);
    panel.appendChild(head);
    panel.setAttribute("data-id", org.id);
    if (org.description) panel.appendChild(el("p", { "class": "description" }, org.description));

    var website = null;
    if (org.website && /^https?:\/\//.test(org.website)) {
      website = el("a", { href: org.website, rel: "noopener noreferrer external" }, org.website);
    }
    var verification = LerMap.words(org.verification);
    if (org.domainVerifiedAt) {
      verification += "; website domain proven on " + org.domainVerifiedAt.slice(0, 10);
    }
    facts(panel, [
      ["Website", website],
      ["Location", org.location],
      ["Groups", org.groups.map(LerMap.groupName).join(", ")],
      ["Roles", org.roles.length ? org.roles.map(LerMap.words).join(", ") : "None declared"],
      ["Stages", org.stages.map(LerMap.words).join(", ")],
      ["Standards", org.standards.length ? org.standards.map(function (s) {
        return s.name + (s.version ? " " + s.version : "");
      }).join(", ") : "None declared"],
      ["Verification", verification],
      ["DID", org.did]
    ]);

    credentialList(section(panel, "Credentials issued (" + org.credentials.totalCount + ")",
                           "issued"),
                   org.credentials, false, "It issues no credentials listed here.");
    credentialList(section(panel, "Credentials accepted (" +
                           org.acceptedCredentials.totalCount + ")", "accepted"),
                   org.acceptedCredentials, true, "It accepts no credentials listed here.");

    var partners = section(panel, "Active partners (" + org.partners.length + ")", "partners");
    if (org.partners.length) {
      var plist = el("ul");
      org.partners.forEach(function (p) {
        var item = el("li");
        item.appendChild(orgButton(p));
        plist.appendChild(item);
      });
      partners.appendChild(plist);
    } else {
      partners.appendChild(el("p", {}, "No active partnerships."));
    }

    var suggested = section(panel, "Suggested partners", "suggested");
    if (org.suggestedPartners.length) {
      var slist = el("ol", { "class": "suggestions" });
      org.suggestedPartners.forEach(function (s) {
        var item = el("li", { "class": "suggestion", "data-id": s.stakeholder.id });
        item.appendChild(orgButton(s.stakeholder));
        var reasons = el("ul", { "class": "reasons" });
        s.reasons.forEach(function (r) { reasons.appendChild(el("li", {}, r)); });
        item.appendChild(reasons);
        slist.appendChild(item);
      });
      suggested.appendChild(slist);
    } else {
      suggested.appendChild(el("p", {}, "No suggestions yet."));
    }

    var exports = section(panel, "Exports", "exports");
    var elist = el("ul");
    var ob3 = el("li");
    ob3.appendChild(el("a", { href: "/ob3/profiles/" + encodeURIComponent(org.id),
                              type: "application/ld+json" },
                       "Open Badges 3.0 profile (JSON-LD)"));
    elist.appendChild(ob3);
    // CTDL export: every record gets a CTID when it is made (not the benchmark's
    // bulk-loaded ones, which have none and so no CTDL document).
    if (org.ctid) {
      var ctdl = el("li", { "class": "ctdl" });
      ctdl.appendChild(el("a", { href: "/ctdl/" + encodeURIComponent(org.ctid),
                                 type: "application/ld+json" },
                          "Credential Engine description (CTDL, JSON-LD)"));
      elist.appendChild(ctdl);
    }
    exports.appendChild(elist);
    panel.hidden = false;
    panel.removeAttribute("aria-busy");
    title.focus();
  }

  // Open the panel about stakeholder `id`; `opener` gets the focus back on close.
  LerMap.openPanel = function (id, opener) {
    var panel = document.getElementById("panel");
    if (opener || panel.hidden) returnFocus = opener || document.activeElement;
    requested = id;
    panel.hidden = false;
    panel.setAttribute("aria-busy", "true");
    panel.textContent = "";
    panel.appendChild(el("p", {}, "Loading..."));
    return LerMap.gql(QUERY, { id: id }).then(function (data) {
      if (requested !== id) return;  // another organization was chosen meanwhile
      if (!data.stakeholder) {
        panel.textContent = "";
        panel.appendChild(el("p", {}, "This organization is not on the map."));
        panel.removeAttribute("aria-busy");
        return;
      }
      render(data.stakeholder);
      if (LerMap.onPanel) LerMap.onPanel(data.stakeholder.id);
    }).catch(function (err) {
      panel.hidden = true;
      panel.removeAttribute("aria-busy");
      LerMap.showError(err.message);
    });
  };

  LerMap.closePanel = function () {
    var panel = document.getElementById("panel");
    panel.hidden = true;
    panel.textContent = "";
    panel.removeAttribute("data-id");
    requested = null;
    if (LerMap.onPanel) LerMap.onPanel(null);
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  };

  document.addEventListener("keydown", function (event) {
    var panel = document.getElementById("panel");
    if (event.key === "Escape" && !panel.hidden && panel.contains(document.activeElement)) {
      LerMap.closePanel();
    }
  });
})();
