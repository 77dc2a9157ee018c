/* A Kafka cluster for tests: librdkafka's built-in mock brokers (real wire protocol on 127.0.0.1),
 * driven line by line over stdin so tests can create topics and inject faults. Build:
 *   gcc -O2 -o mock-kafka mock-kafka.c -lrdkafka
 * Prints "BOOTSTRAP <host:port,...>" once, then answers each command with "OK" or "ERR <why>":
 *   create <topic> <partitions> <rf> | down <broker> | up <broker> | rtt <broker> <ms>
 *   leader <topic> <partition> <broker> | coordinator <group|transaction> <key> <broker>
 *   errors <apiKey> <count> <errCode> | quit
 * Exits on "quit" or when stdin closes (so a dead test runner never leaves it behind). */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reply(rd_kafka_resp_err_t err) {
  if (err) printf("ERR %s\n", rd_kafka_err2str(err));
  else printf("OK\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 3;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The handle only hosts the mock cluster; keep its own logging quiet. */
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "rd_kafka_mock_cluster_new failed\n"); return 1; }
  printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);

  char line[1024], topic[512], kind[32];
  int a, b, c;
  while (fgets(line, sizeof line, stdin)) {
    if (sscanf(line, "create %511s %d %d", topic, &a, &b) == 3)
      reply(rd_kafka_mock_topic_create(mc, topic, a, b));
    else if (sscanf(line, "down %d", &a) == 1)
      reply(rd_kafka_mock_broker_set_down(mc, a));
    else if (sscanf(line, "up %d", &a) == 1)
      reply(rd_kafka_mock_broker_set_up(mc, a));
    else if (sscanf(line, "rtt %d %d", &a, &b) == 2)
      reply(rd_kafka_mock_broker_set_rtt(mc, a, b));
    else if (sscanf(line, "leader %511s %d %d", topic, &a, &b) == 3)
      reply(rd_kafka_mock_partition_set_leader(mc, topic, a, b));
    else if (sscanf(line, "coordinator %31s %511s %d", kind, topic, &a) == 3)
      reply(rd_kafka_mock_coordinator_set(mc, kind, topic, a));
    else if (sscanf(line, "errors %d %d %d", &a, &b, &c) == 3) {
      rd_kafka_resp_err_t *errs = calloc((size_t)(b > 0 ? b : 1), sizeof *errs);
      for (int i = 0; i < b; i++) errs[i] = (rd_kafka_resp_err_t)c;
      rd_kafka_mock_push_request_errors_array(mc, (int16_t)a, (size_t)b, errs);
      free(errs);
      reply(RD_KAFKA_RESP_ERR_NO_ERROR);
    } else if (strncmp(line, "quit", 4) == 0)
      break;
    else {
      printf("ERR unknown command\n");
      fflush(stdout);
    }
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
