// The dashboard's browser code. Pages render on the server and work without it; this adds
// live updates (the /hubs/live SignalR hub), charts (chart.js), the assistant panel, and small conveniences.
import { startLive } from './live.js';
import { drawCharts } from './charts.js';
import { enhanceForms } from './forms.js';
import { startAssistant } from './assistant.js';

enhanceForms(document);
drawCharts(document);
startLive(document);
startAssistant(document);
