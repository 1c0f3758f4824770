/* Runs in <head> before the first paint: applies the theme this browser chose (else the system's). */
(function () {
  try {
    var theme = localStorage.getItem("airouter-theme");
    if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  } catch (e) { /* storage blocked: follow the system */ }
})();
