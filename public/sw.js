// Tandem's service worker: keeps the event pages a member has opened readable
// offline. Pages are network-first (a fresh copy whenever the network
// answers); the app's own files under /pkg/ are served from the cache and
// refreshed behind, so a cached page can still hydrate. Nothing else is
// cached: no server functions, no live channel, no form posts.
'use strict';

const CACHE = 'tandem-v1';

// pages worth keeping: an event, its speakers, one's meeting agenda at it,
// and "my events"
const PAGES = [
  /^\/events\/\d+\/?$/,
  /^\/events\/\d+\/speakers\/?$/,
  /^\/events\/\d+\/meetings\/?$/,
  /^\/account\/events\/?$/,
];

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('tandem-') && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && PAGES.some((re) => re.test(url.pathname))) {
    event.respondWith(page(event, request));
  } else if (url.pathname.startsWith('/pkg/') || url.pathname === '/favicon.svg') {
    event.respondWith(asset(event, request));
  }
  // anything else goes to the network as if there were no worker
});

/** Network first; offline, the last copy with its "you are offline" note shown. */
async function page(event, request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && !response.redirected) {
      event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
    }
    return response;
  } catch (err) {
    const cached =
      (await cache.match(request, { ignoreVary: true })) ||
      (await cache.match(request, { ignoreVary: true, ignoreSearch: true }));
    if (!cached) throw err;
    const html = showOfflineNote(await cached.text());
    const headers = new Headers(cached.headers);
    headers.delete('content-length');
    headers.set('content-type', 'text/html; charset=utf-8');
    return new Response(html, { status: 200, statusText: 'OK', headers });
  }
}

/** Removes `hidden` from the tag that carries `data-offline-note`. */
function showOfflineNote(html) {
  return html.replace(/<[a-zA-Z][^>]*\sdata-offline-note(?=[\s=/>])[^>]*>/g, (tag) =>
    tag.replace(/\shidden(?:\s*=\s*(?:""|''|"hidden"|'hidden'|hidden))?(?=[\s/>])/gi, ''),
  );
}

/** Stale while revalidate: the cached copy at once, a fresh one for next time. */
async function asset(event, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  const refresh = fetch(request)
    .then((response) => {
      if (response.ok && response.type === 'basic') {
        return cache.put(request, response.clone()).then(() => response);
      }
      return response;
    })
    .catch(() => null);
  if (cached) {
    event.waitUntil(refresh);
    return cached;
  }
  const fresh = await refresh;
  return fresh || Response.error();
}
