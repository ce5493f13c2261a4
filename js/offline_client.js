// The page's side of the offline service worker (js/sw.js): registered once
// the page is up, only where it can work (http or https, a browser that has
// service workers); `onUpdate` is called when a new version of the page has
// been downloaded and waits for this one to close.
export function registerOffline(onUpdate) {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return false;
  navigator.serviceWorker
    .register('./sw.js')
    .then((registration) => {
      const waiting = () => {
        if (registration.waiting && navigator.serviceWorker.controller) onUpdate();
      };
      waiting();
      registration.addEventListener('updatefound', () => {
        const next = registration.installing;
        if (!next) return;
        next.addEventListener('statechange', () => {
          if (next.state === 'installed') waiting();
        });
      });
    })
    .catch(() => {});
  return true;
}

// Switches to the waiting version now, and reloads into it.
export function useNewVersion() {
  navigator.serviceWorker.getRegistration().then((registration) => {
    if (!registration || !registration.waiting) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    registration.waiting.postMessage('skip-waiting');
  });
}
