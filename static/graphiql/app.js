// Mounts GraphiQL on this page, talking to the API on the same host.
(function () {
  "use strict";
  var fetcher = GraphiQL.createFetcher({
    url: window.location.origin + "/graphql",
    // Subscriptions over graphql-transport-ws on the same path (anonymous from a
    // browser: it cannot send an Authorization header with a websocket).
    subscriptionUrl: window.location.origin.replace(/^http/, "ws") + "/graphql",
  });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: window.LERMAP_EXAMPLES,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    })
  );
})();
