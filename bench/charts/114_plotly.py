import plotly.express as px
import plotly.graph_objects as go
fig = px.bar(x=['Metro', 'West', 'Valley', 'North'], y=[28.3, 59.0, 10.5, 7.7], title='Energy use', text_auto=True)
fig.write_image('chart.png')
