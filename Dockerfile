FROM python:3.11-slim
WORKDIR /app
RUN useradd --create-home --uid 10001 lermap
COPY pyproject.toml README.md ./
COPY api api
COPY graph graph
COPY loaders loaders
COPY cypher cypher
COPY static static
# Editable, so the cypher/ and static/ folders stay beside the packages.
RUN pip install --no-cache-dir -e .
USER lermap
EXPOSE 8000
CMD ["lermap", "serve"]
