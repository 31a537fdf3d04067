'use strict';
// The page cache as the site uses it after a deploy: the home page is read often.
const { SizedLru } = require('./lib/lru');

const cache = new SizedLru(30);
cache.set('/', 'home-page-html');
cache.set('/about', 'about-html');
cache.get('/');
cache.set('/pricing', 'pricing-html');
cache.set('/blog', 'blog-index-html');
cache.set('/jobs', 'jobs-html');
console.log(cache.keys(), cache.bytes);
