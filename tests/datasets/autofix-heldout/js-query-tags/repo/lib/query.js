'use strict';
// Parses the query of a search URL into the filters the search service takes.

/** A query string as an object; a key given more than once keeps every value, in order, as an array. */
function parseQuery(search) {
  const params = {};
  for (const [key, value] of new URLSearchParams(search)) {
    if (key in params) params[key] = [].concat(params[key], value);
    else params[key] = value;
  }
  return params;
}

/** The tags a search asks for: `tag=a,b` lists them comma-separated. */
function tagsOf(params) {
  if (params.tag === undefined) return [];
  return params.tag.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
}

module.exports = { parseQuery, tagsOf };
