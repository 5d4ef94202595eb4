import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots
fig = make_subplots(rows=1, cols=2)
fig.add_trace(go.Bar(y=[64.3, 78.1, 74.2, 41.7, 42.5, 56.8, 12.3]), 1, 1)
fig.add_trace(go.Scatter(y=[81.9, 52.4, 69.3, 68.8, 49.3, 78.7, 76.5]), 1, 2)
fig.write_image('out.png', width=900, height=500)
