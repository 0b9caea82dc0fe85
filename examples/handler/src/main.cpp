// ivsim_example_handler: the bundled reference SUT. Prints "listening on 127.0.0.1:PORT" first.
#include "ivsim/error.hpp"
#include "ivsim/examples/handler_server.hpp"
#include "ivsim/examples/sqs_consumer.hpp"

#include <boost/program_options.hpp>

#include <csignal>
#include <iostream>

namespace po = boost::program_options;

int main(int argc, char **argv) {
  ivsim::examples::HandlerServerOptions options;
  std::string bug;
  std::string sqs_queue_url, sqs_endpoint;
  po::options_description flags("ivsim_example_handler: the reference IVS event handler (HTTP)");
  flags.add_options()("help", "print this help")(
      "port", po::value<std::uint16_t>(&options.port)->default_value(0),
      "port on 127.0.0.1 (0 picks a free one)")(
      "threads", po::value<unsigned>(&options.threads)->default_value(2),
      "threads serving connections")("bug", po::value<std::string>(&options.bug)->default_value(""),
                                     "switch on a known bug (see examples/handler/README.md)")(
      "crash-at-event", po::value<std::uint64_t>(&options.crash_at_event)->default_value(0),
      "exit at once, without answering, when the N-th POST /events arrives (tests of a SUT "
      "dying mid-run; 0 never)");
  flags.add_options()("sqs-queue-url", po::value(&sqs_queue_url),
                      "also consume events from this SQS queue (AWS_* variables: credentials, "
                      "region)")("sqs-endpoint", po::value(&sqs_endpoint),
                                 "SQS endpoint, e.g. http://127.0.0.1:4566 (default: AWS's)");
  try {
    po::variables_map values;
    po::store(po::parse_command_line(argc, argv, flags), values);
    po::notify(values);
    if (values.count("help")) {
      std::cout << flags << '\n';
      return 0;
    }
    // Serving threads inherit this mask, so only sigwait below sees SIGINT and SIGTERM.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    ivsim::examples::HandlerServer server(options);
    server.start();
    std::unique_ptr<ivsim::examples::SqsConsumer> consumer;
    if (!sqs_queue_url.empty())
      consumer = ivsim::examples::start_sqs_consumer(
          server, sqs_queue_url,
          sqs_endpoint.empty() ? std::nullopt : std::optional<std::string>(sqs_endpoint));
    std::cout << "listening on 127.0.0.1:" << server.port() << std::endl;
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    consumer.reset();
    server.stop();
    return 0;
  } catch (const po::error &error) {
    std::cerr << "ivsim_example_handler: error: " << error.what() << '\n';
    return 2;
  } catch (const ivsim::InputError &error) {
    std::cerr << "ivsim_example_handler: error: " << error.what() << '\n';
    return 2;
  } catch (const std::exception &error) {
    std::cerr << "ivsim_example_handler: error: " << error.what() << '\n';
    return 3;
  }
}
