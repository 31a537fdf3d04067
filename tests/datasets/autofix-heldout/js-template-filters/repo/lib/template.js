'use strict';
// A small template language for notification e-mails: {{ path }} and {{ path | filter }}.

const filters = {
  upper: (s) => String(s).toUpperCase(),
  lower: (s) => String(s).toLowerCase(),
  first: (s) => String(s).split(/\s+/)[0],
};

function lookup(context, path) {
  return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), context);
}

function renderTag(expression, context) {
  const [path, filterName] = expression.split('|');
  const value = lookup(context, path.trim());
  if (filterName === undefined) return value ?? '';
  return filters[filterName](value ?? '');
}

/** The template with every tag replaced; a missing value renders empty, an unknown filter is an error. */
function render(template, context) {
  return template.replace(/\{\{(.+?)\}\}/g, (_, expression) => renderTag(expression, context));
}

module.exports = { render, filters };
