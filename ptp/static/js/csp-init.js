// Loaded before bootstrap-italia.bundle.min.js. The bundle includes video.js, which otherwise
// injects a <style> element into every page at load time: our Content-Security-Policy
// (style-src 'self', no 'unsafe-inline') refuses it and the browser logs a violation. Video
// players, if we ever show one, get their size from bootstrap-italia.min.css instead.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
