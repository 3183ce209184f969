// The list view: the organizations in a table, a page at a time with the API's cursors
// (`stakeholders(filter, first, after)`), filtered by the API (words, group, role,
// verification). It needs no WebGL and works with the keyboard alone: real buttons,
// column headers that sort, the focus kept where the person is.
"use strict";
(function () {
  var LerMap = window.LerMap;
  var el = LerMap.el;
  var PAGE = 25;
  var QUERY = "query List($filter: StakeholderFilter, $first: Int, $after: String) { " +
    "stakeholders(filter: $filter, first: $first, after: $after) { totalCount " +
    "pageInfo { hasNextPage endCursor } " +
    "edges { node { id name groups roles verification location } } } }";
  var ROLES = ["ISSUER", "VERIFIER", "WALLET_PROVIDER", "REGISTRY"];
  var VERIFICATION = ["VERIFIED", "PENDING"];
  var COLUMNS = [
    { key: "name", title: "Name", text: function (n) { return n.name; } },
    { key: "groups", title: "Groups",
      text: function (n) { return n.groups.map(LerMap.groupName).join(", "); } },
    { key: "roles", title: "Roles",
      text: function (n) { return n.roles.map(LerMap.words).join(", "); } },
    { key: "verification", title: "Verification",
      text: function (n) { return LerMap.words(n.verification); } },
    { key: "location", title: "Location", text: function (n) { return n.location || ""; } }
  ];

  var state = { filter: null, cursors: [null], page: 0, rows: [], total: 0,
                hasNext: false, sort: { key: "name", dir: "ascending" }, built: false };

  function select(id, label, values, words) {
    var box = el("div", { "class": "field" });
    box.appendChild(el("label", { "for": id }, label));
    var input = el("select", { id: id });
    input.appendChild(el("option", { value: "" }, "Any"));
    values.forEach(function (v) { input.appendChild(el("option", { value: v }, words(v))); });
    box.appendChild(input);
    return box;
  }

  function build() {
    var view = document.getElementById("view-list");
    view.textContent = "";
    view.appendChild(el("h2", { id: "list-title" }, "Organizations"));
    var form = el("form", { id: "list-filter", "aria-label": "Filter the organizations" });
    var text = el("div", { "class": "field" });
    text.appendChild(el("label", { "for": "list-text" }, "Words"));
    text.appendChild(el("input", { id: "list-text", type: "search",
                                   placeholder: "name, description, place" }));
    form.appendChild(text);
    form.appendChild(select("list-group", "Group",
      LerMap.groups.map(function (g) { return g.group; }), LerMap.groupName));
    form.appendChild(select("list-role", "Role", ROLES, LerMap.words));
    form.appendChild(select("list-verification", "Verification", VERIFICATION, LerMap.words));
    form.appendChild(el("button", { type: "submit" }, "Apply"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.filter = readFilter();
      state.cursors = [null];
      state.page = 0;
      load();
    });
    view.appendChild(form);

    var table = el("table", { id: "list-table" });
    table.appendChild(el("caption", { id: "list-caption", tabindex: "-1" }, "Organizations"));
    var head = el("thead");
    var row = el("tr");
    COLUMNS.forEach(function (column) {
      var th = el("th", { scope: "col", "data-key": column.key });
      var button = el("button", { type: "button", "class": "sort" }, column.title);
      button.addEventListener("click", function () { sortBy(column.key); });
      th.appendChild(button);
      row.appendChild(th);
    });
    head.appendChild(row);
    table.appendChild(head);
    table.appendChild(el("tbody"));
    view.appendChild(table);

    var pager = el("div", { "class": "pager" });
    var previous = el("button", { type: "button", id: "list-previous" }, "Previous page");
    var next = el("button", { type: "button", id: "list-next" }, "Next page");
    previous.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
    pager.appendChild(previous);
    pager.appendChild(el("p", { id: "list-status", role: "status" }));
    pager.appendChild(next);
    view.appendChild(pager);
    state.built = true;
  }

  function readFilter() {
    var filter = {};
    var text = document.getElementById("list-text").value.trim();
    var group = document.getElementById("list-group").value;
    var role = document.getElementById("list-role").value;
    var verification = document.getElementById("list-verification").value;
    if (text) filter.text = text;
    if (group) filter.groups = [group];
    if (role) filter.roles = [role];
    if (verification) filter.verification = [verification];
    return Object.keys(filter).length ? filter : null;
  }

  function sortBy(key) {
    var sort = state.sort;
    sort.dir = sort.key === key && sort.dir === "ascending" ? "descending" : "ascending";
    sort.key = key;
    draw();
  }

  // The rows of the page shown, sorted; by name they keep the API's order (or its
  // reverse), and equal values keep it too.
  function sortedRows() {
    var column = COLUMNS.find(function (c) { return c.key === state.sort.key; });
    var sign = state.sort.dir === "ascending" ? 1 : -1;
    var rows = state.rows.map(function (node, index) { return { node: node, index: index }; });
    rows.sort(function (a, b) {
      var order = column.key === "name" ? 0 : column.text(a.node).localeCompare(
        column.text(b.node), "en", { sensitivity: "base" });
      return sign * (order || a.index - b.index);
    });
    return rows.map(function (r) { return r.node; });
  }

  function draw() {
    var body = document.querySelector("#list-table tbody");
    body.textContent = "";
    sortedRows().forEach(function (node) {
      var row = el("tr", { "data-id": node.id });
      COLUMNS.forEach(function (column) {
        var cell;
        if (column.key === "name") {
          cell = el("th", { scope: "row" });
          var button = el("button", { type: "button", "class": "linklike", "data-id": node.id },
                          node.name);
          button.addEventListener("click", function () { LerMap.openPanel(node.id, button); });
          cell.appendChild(button);
        } else {
          cell = el("td", {}, column.text(node));
        }
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
    if (!state.rows.length) {
      var empty = el("tr");
      empty.appendChild(el("td", { colspan: String(COLUMNS.length) }, "No organization matches."));
      body.appendChild(empty);
    }
    document.querySelectorAll("#list-table thead th").forEach(function (th) {
      if (th.dataset.key === state.sort.key) th.setAttribute("aria-sort", state.sort.dir);
      else th.removeAttribute("aria-sort");
    });
    var first = state.page * PAGE + 1;
    var last = state.page * PAGE + state.rows.length;
    document.getElementById("list-caption").textContent = "Organizations" +
      (state.filter ? " matching the filter" : "") + ", page " + (state.page + 1) +
      ", sorted by " + COLUMNS.find(function (c) { return c.key === state.sort.key; }).title +
      " (" + state.sort.dir + ")";
    document.getElementById("list-status").textContent = state.rows.length
      ? first + "-" + last + " of " + state.total : "0 of " + state.total;
    document.getElementById("list-previous").disabled = state.page === 0;
    document.getElementById("list-next").disabled = !state.hasNext;
  }

  function load() {
    var view = document.getElementById("view-list");
    view.setAttribute("aria-busy", "true");
    return LerMap.gql(QUERY, { filter: state.filter, first: PAGE,
                               after: state.cursors[state.page] })
      .then(function (data) {
        var connection = data.stakeholders;
        state.rows = connection.edges.map(function (e) { return e.node; });
        state.total = connection.totalCount;
        state.hasNext = connection.pageInfo.hasNextPage;
        state.cursors[state.page + 1] = connection.pageInfo.endCursor;
        LerMap.clearError();
        draw();
      })
      .catch(function (err) { LerMap.showError(err.message); })
      .then(function () { view.removeAttribute("aria-busy"); });
  }

  function go(step) {
    if (state.page + step < 0 || (step > 0 && !state.hasNext)) return;
    state.page += step;
    load().then(function () {
      // The button pressed may now be disabled (first or last page): keep the focus
      // in the table rather than losing it to the page's top.
      var pressed = document.getElementById(step > 0 ? "list-next" : "list-previous");
      if (pressed.disabled) document.getElementById("list-caption").focus();
    });
  }

  LerMap.views.list = {
    show: function () {
      if (!state.built) {
        build();
        load();
      }
    }
  };
})();
