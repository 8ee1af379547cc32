# sam build runs these targets (template.yaml: Metadata BuildMethod makefile). All functions ship
# the same lean jar; the Java runtime puts lib/*.jar on the classpath. The jar is built once, and
# again only when the sources changed.
JAR := target/ddns-lambda.jar

.PHONY: build-UpdateFunction build-NotifyFunction build-ExpiryFunction

$(JAR): pom.xml $(shell find src/main -type f)
	mvn -q -B package -DskipTests

build-UpdateFunction build-NotifyFunction build-ExpiryFunction: $(JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(JAR) "$(ARTIFACTS_DIR)/lib/"
