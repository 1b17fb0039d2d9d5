// Every page: the styles server-rendered markup passes as data-style, now and in whatever
// htmx swaps in later (see styles.js).
import { applyStyles } from "./styles.js";

applyStyles(document.body);
document.addEventListener("htmx:load", (event) => applyStyles(event.detail.elt));
