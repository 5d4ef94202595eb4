import plotly.express as px
import plotly.graph_objects as go
fig = px.bar(x=['Central', 'Rural', 'Coast', 'Metro', 'East'], y=[7.7, 49.2, 6.1, 9.2, 15.9], title='Exam scores', text_auto=True)
fig.write_image('out.png', width=900, height=500)
