import { render } from "preact";
import { App } from "./App";
import { Rating } from "./screens/Rating";
import "./styles.css";

// The same page serves the clerk's window and the citizen's rating window (index.html#rating).
const root = document.getElementById("app");
if (root) render(location.hash === "#rating" ? <Rating /> : <App />, root);
