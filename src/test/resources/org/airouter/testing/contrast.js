// WCAG 2.x contrast (1.4.3, level AA) of every visible text on the page against what is really behind it: the first
// opaque background up the ancestors, with any translucent ones in between blended over it. Returns one line per
// text below 4.5:1 (3:1 for large text: at least 24px, or bold and at least 18.66px). Run by ContrastCheck.
return (function () {
  var canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  var ctx = canvas.getContext("2d", { willReadFrequently: true });
  var cache = {};

  // Computed colours are rgb()/rgba() in Chromium; anything else (color(), oklch()) goes through a canvas pixel.
  function rgba(css) {
    if (cache[css]) return cache[css];
    var m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
    var c;
    if (m) {
      c = [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    } else {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      var d = ctx.getImageData(0, 0, 1, 1).data;
      c = [d[0], d[1], d[2], d[3] / 255];
    }
    cache[css] = c;
    return c;
  }

  function over(top, bottom) {   // top drawn over an opaque bottom
    var a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  }

  function luminance(c) {
    var v = c.slice(0, 3).map(function (x) {
      x /= 255;
      return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }

  function ratio(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function background(el) {
    var layers = [];
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      var bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    var base = layers.length && layers[layers.length - 1][3] >= 1 ? layers.pop() : [255, 255, 255, 1];
    for (var i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  }

  function opacity(el) {
    var o = 1;
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) o *= +getComputedStyle(e).opacity;
    return o;
  }

  function visible(el) {
    var s = getComputedStyle(el);
    if (s.visibility !== "visible" || el.getClientRects().length === 0) return false;
    var r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;   // .sr-only text is clipped to 1px: read aloud, not seen
  }

  function ownText(el) {
    if (el.matches("input[type=submit], input[type=button], input[type=reset]")) return el.value;
    if (el.matches("input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]), textarea")) return el.value;
    if (el.matches("select")) return el.selectedIndex >= 0 ? el.options[el.selectedIndex].text : "";
    var text = "";
    el.childNodes.forEach(function (n) { if (n.nodeType === 3) text += n.nodeValue; });
    return text;
  }

  // An empty field shows its placeholder instead, in the ::placeholder colour (the browser's own grey unless styled).
  function placeholder(el) {
    return el.matches("input, textarea") && !el.value && el.placeholder ? el.placeholder : "";
  }

  var problems = [];
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.closest("script, style, title, option, head")) return;
    var hint = placeholder(el);
    var text = (hint || ownText(el)).trim();
    if (!text || !visible(el)) return;
    // WCAG exempts inactive controls (SC 1.4.3: "part of an inactive user interface component").
    if (el.disabled || el.closest("[disabled], [aria-disabled=true]")) return;
    var s = hint ? getComputedStyle(el, "::placeholder") : getComputedStyle(el);
    var svgText = el instanceof SVGElement;
    var fg = rgba(svgText ? s.fill : s.color);
    fg = [fg[0], fg[1], fg[2], fg[3] * opacity(el)];
    var bg = background(el);
    var color = over(fg, bg);
    var size = parseFloat(s.fontSize), weight = parseInt(s.fontWeight, 10);
    var large = size >= 24 || (weight >= 700 && size >= 18.66);
    var needed = large ? 3 : 4.5;
    var r = ratio(color, bg);
    if (r < needed) {
      problems.push((hint ? "placeholder of " : "") + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
          + (typeof el.className === "string" && el.className ? "." + el.className.trim().replace(/\s+/g, ".") : "")
          + " \"" + text.substring(0, 40) + "\": " + r.toFixed(2) + ":1, needs " + needed + ":1 (" + s.color
          + " on rgb(" + bg.slice(0, 3).map(Math.round).join(", ") + "), " + size + "px/" + weight + ")");
    }
  });
  return problems;
})();
