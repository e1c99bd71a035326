namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>A neuron chosen to learn: its map, output position and firing step.</summary>
public readonly record struct StdpWinner(int Map, int Y, int X, int Time);
