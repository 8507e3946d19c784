import { startEarlyCode, startEarlyRequests } from './app/start-early';
import { applyInitialTheme } from './app/theme/theme';
import './app/styles.css';

applyInitialTheme();
// A page's first data and code are requested alongside the app (React, the router, the shell),
// not after it has loaded; in this order, as the browser has only a few connections.
startEarlyRequests(window.location);
const app = import('./app/mount-app');
startEarlyCode(window.location);
void app.then(({ mountApp }) => mountApp());
