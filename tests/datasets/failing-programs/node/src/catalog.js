function priceOf(product) {
  return product.price.amount;
}

function parseCatalog(text) {
  return JSON.parse(text);
}

function listTags(product) {
  return product.tags.map((tag) => tag.toUpperCase());
}

module.exports = { priceOf, parseCatalog, listTags };
