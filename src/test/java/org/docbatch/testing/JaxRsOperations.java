package org.docbatch.testing;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The resource methods of a JAX-RS application, found by reflection in the application class's
 * package (compiled classes on disk): each HTTP method with its full path template.
 */
public final class JaxRsOperations {

  private static final Set<Class<? extends Annotation>> NOT_THE_BODY =
      Set.of(
          PathParam.class,
          QueryParam.class,
          HeaderParam.class,
          CookieParam.class,
          MatrixParam.class,
          FormParam.class,
          BeanParam.class,
          Context.class);

  private JaxRsOperations() {}

  /**
   * One resource method.
   *
   * @param operation {@code "METHOD /path"} as an OpenAPI document names it
   * @param queryParameters the names of its {@code @QueryParam}s
   * @param pathParameters the names of its {@code @PathParam}s
   * @param hasBody whether it takes the request's entity
   */
  public record Operation(
      String operation,
      Method method,
      Set<String> queryParameters,
      Set<String> pathParameters,
      boolean hasBody) {}

  /** Every resource method of the application's package, with the application's path first. */
  public static List<Operation> of(Class<?> application) throws IOException {
    String root = application.getAnnotation(ApplicationPath.class).value();
    List<Operation> operations = new ArrayList<>();
    for (Class<?> resource : classesBeside(application)) {
      Path classPath = resource.getAnnotation(Path.class);
      if (classPath == null) {
        continue;
      }
      for (Method method : resource.getDeclaredMethods()) {
        if (method.isSynthetic()) {
          continue;
        }
        String httpMethod = httpMethod(method);
        Path methodPath = method.getAnnotation(Path.class);
        if (httpMethod == null && methodPath != null) {
          throw new IllegalStateException(
              method + " is a sub-resource locator: teach JaxRsOperations to follow it");
        }
        if (httpMethod != null) {
          String path =
              template(root, classPath.value(), methodPath == null ? "" : methodPath.value());
          operations.add(operation(httpMethod + " " + path, method));
        }
      }
    }
    return operations;
  }

  private static Operation operation(String name, Method method) {
    Set<String> query = new TreeSet<>();
    Set<String> path = new TreeSet<>();
    boolean body = false;
    for (Parameter parameter : method.getParameters()) {
      if (parameter.isAnnotationPresent(QueryParam.class)) {
        query.add(parameter.getAnnotation(QueryParam.class).value());
      } else if (parameter.isAnnotationPresent(PathParam.class)) {
        path.add(parameter.getAnnotation(PathParam.class).value());
      }
      body |= NOT_THE_BODY.stream().noneMatch(parameter::isAnnotationPresent);
    }
    return new Operation(name, method, query, path, body);
  }

  /** {@code GET}, {@code POST}, ... from the method's {@code @HttpMethod} annotation, or null. */
  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  /** Joins path segments into an OpenAPI template: {@code {id: [0-9]+}} becomes {@code {id}}. */
  static String template(String... segments) {
    String joined = "/" + String.join("/", segments);
    String path = joined.replaceAll("\\{\\s*(\\w[\\w.-]*)\\s*:[^}]*}", "{$1}");
    path = path.replaceAll("/+", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static List<Class<?>> classesBeside(Class<?> anchor) throws IOException {
    java.nio.file.Path folder;
    try {
      folder =
          Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI())
              .resolve(anchor.getPackageName().replace('.', '/'));
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.list(folder)) {
      for (java.nio.file.Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          String className = anchor.getPackageName() + "." + name.replace(".class", "");
          try {
            classes.add(Class.forName(className, false, anchor.getClassLoader()));
          } catch (ClassNotFoundException e) {
            throw new IOException(e);
          }
        }
      }
    }
    return classes;
  }
}
