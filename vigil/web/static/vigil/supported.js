// Tells GOV.UK Frontend's styles, before the page is drawn, that its JavaScript will run.
// An external file, not the usual inline snippet: the Content Security Policy allows no inline
// script. Loaded as the first thing in <body>.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
