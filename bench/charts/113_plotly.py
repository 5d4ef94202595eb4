import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots
fig = make_subplots(rows=1, cols=2)
fig.add_trace(go.Bar(y=[14.2, 40.6, 82.1, 35.0, 63.2]), 1, 1)
fig.add_trace(go.Scatter(y=[81.7, 23.8, 43.0, 54.9, 96.3]), 1, 2)
fig.write_image('out.png', width=900, height=500)
