using Microsoft.Extensions.Hosting;
using TrackingFunctions.Infrastructure;

TrackingFunctionsApp.CreateBuilder(args).Build().Run();
