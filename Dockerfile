# GraphiQL's browser assets, from the lock file (no CDN at run time).
FROM node:20-slim AS web
WORKDIR /web
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
RUN useradd --create-home --uid 10001 lermap
COPY pyproject.toml README.md ./
COPY api api
COPY graph graph
COPY loaders loaders
COPY cypher cypher
COPY static static
COPY --from=web /web/node_modules node_modules
# Editable, so cypher/, static/ and node_modules/ stay beside the packages.
RUN pip install --no-cache-dir -e .
USER lermap
EXPOSE 8000
CMD ["lermap", "serve"]
