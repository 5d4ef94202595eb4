import plotly.express as px
import plotly.graph_objects as go
fig = go.Figure(go.Heatmap(z=[[87.2, 25.4, 50.5, 47.2, 40.6], [57.7, 88.9, 73.3, 6.4, 25.7], [81.8, 97.9, 77.5, 52.3, 27.0], [74.8, 87.2, 47.6, 82.5, 94.7], [75.0, 10.6, 22.6, 10.5, 61.4]], colorscale='Viridis'))
fig.update_layout(title='Heat')
fig.write_image('out.png', width=900, height=500)
