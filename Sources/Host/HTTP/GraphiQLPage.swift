/// The GraphiQL page served to browsers on `GET /graphql/` when `DEBUG` or `GRAPHIQL` is on.
/// It loads GraphiQL from a CDN, in the browser; the server serves nothing else for it.
enum GraphiQLPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>story-server GraphiQL</title>
          <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
          <link rel="stylesheet" href="https://unpkg.com/graphiql@3/graphiql.min.css">
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL…</div>
          <script crossorigin src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
          <script crossorigin src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
          <script crossorigin src="https://unpkg.com/graphiql@3/graphiql.min.js"></script>
          <script>
            const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
            ReactDOM.createRoot(document.getElementById('graphiql'))
              .render(React.createElement(GraphiQL, { fetcher, headerEditorEnabled: true }));
          </script>
        </body>
        </html>
        """
}
