const { users, getUserName, emailDomain } = require('./users');
const { priceOf, parseCatalog, listTags } = require('./catalog');
const { applyCoupon, pageCount, reserveStock } = require('./orders');

function renderInvoice(order) {
  return `Invoice ${order.id} for ${getUserName(order.userId)}`;
}

const routes = {
  profile: (input) => ({ name: getUserName(input.userId) }),
  orderConfirmation: (input) => ({ text: `Thanks, ${getUserName(input.order.userId)}!` }),
  invoice: (input) => ({ html: renderInvoice(input.order) }),
  newsletter: (input) => ({ domain: emailDomain(input.userId) }),
  adminUsers: () => ({ domains: Object.keys(users).map((id) => emailDomain(id)) }),
  productPage: (input) => ({ price: priceOf(input.product) }),
  wishlist: (input) => ({ prices: input.saved.map((entry) => priceOf(entry.product)) }),
  checkout: (input) => {
    const subtotal = input.cart.items.reduce((sum, product) => sum + priceOf(product), 0);
    return { total: applyCoupon(subtotal, input.cart.coupon) };
  },
  importCatalog: (input) => ({ products: parseCatalog(input.body) }),
  reloadConfig: (input) => ({ config: parseCatalog(input.file) }),
  tagCloud: (input) => ({ tags: listTags(input.product) }),
  orderHistory: (input) => ({ pages: pageCount(input.count, input.pageSize) }),
  placeOrder: async (input) => {
    await reserveStock(input.sku, input.quantity);
    return { placed: true };
  },
  restockJob: async (input) => {
    for (const sku of input.skus) await reserveStock(sku, 10);
    return { restocked: input.skus.length };
  },
};

async function dispatch(route, input) {
  return routes[route](input);
}

module.exports = { dispatch };
