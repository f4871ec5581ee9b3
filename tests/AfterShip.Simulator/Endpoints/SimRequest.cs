namespace AfterShip.Simulator.Endpoints;

/// <summary>What a handler needs from one request: the id from the path, the query, and the body already read.</summary>
internal sealed record SimRequest(string? Id, IQueryCollection Query, string? Body);
